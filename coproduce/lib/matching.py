"""Scores for matching pool members to an involvement opportunity (no Django here).

The database has already removed people who cannot take part (not active, no consent, away,
missing training, no hours left). This module ranks the rest. Each score is the sum of five
parts, each with a ceiling, so a coordinator can see exactly why one person ranks above another:

- lived experience: experience of the opportunity's service, directorate or wanted conditions;
- topics: interests shared with the opportunity;
- skills: skills from their passport that the opportunity asks for, and the role: having done it
  before, or having said they would like to do it (see docs/adr/0207);
- place and time: in person or remote, the days and times it happens, and travel areas;
- fairness: the longer since someone was last involved, the higher they rank, so the same few
  people are not asked every time.
"""

import datetime
import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Ceilings of each part; together they make 100.
EXPERIENCE_POINTS = 30
TOPIC_POINTS = 20
SKILL_POINTS = 15
PLACE_AND_TIME_POINTS = 15
FAIRNESS_POINTS = 20
MAX_POINTS = (
    EXPERIENCE_POINTS + TOPIC_POINTS + SKILL_POINTS + PLACE_AND_TIME_POINTS + FAIRNESS_POINTS
)

# Someone not involved for this long (or ever) gets every fairness point.
FAIRNESS_FULL_AFTER_DAYS = 365

IN_PERSON = "in_person"
REMOTE = "remote"
EITHER = "either"


@dataclass(frozen=True, slots=True)
class Candidate:
    """What matching knows about one pool member. Sets hold ids or short codes."""

    member_id: int
    services: frozenset[int] = frozenset()
    directorates: frozenset[int] = frozenset()
    conditions: frozenset[int] = frozenset()
    topics: frozenset[int] = frozenset()
    skills: frozenset[int] = frozenset()
    areas: frozenset[int] = frozenset()
    days: frozenset[str] = frozenset()
    times: frozenset[str] = frozenset()
    in_person: bool = True
    remote: bool = True
    past_roles: frozenset[str] = frozenset()
    # Roles they said they would like to do (on joining, or in their details since).
    wants_roles: frozenset[str] = frozenset()
    last_involved_on: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class Needs:
    """What an opportunity asks for."""

    role: str
    service: int | None = None
    directorate: int | None = None
    conditions: frozenset[int] = frozenset()
    topics: frozenset[int] = frozenset()
    skills: frozenset[int] = frozenset()
    area: int | None = None
    days: frozenset[str] = frozenset()
    times: frozenset[str] = frozenset()
    mode: str = EITHER


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a score, with the reason in plain words."""

    name: str
    points: int
    out_of: int
    reason: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    member_id: int
    total: int
    parts: tuple[Part, ...] = field(default=())

    @property
    def reasons(self) -> list[str]:
        return [part.reason for part in self.parts if part.reason]


def _share(wanted: frozenset, held: frozenset) -> float:
    """The fraction of what is wanted that the person has (none when nothing is wanted)."""
    if not wanted:
        return 0.0
    return len(wanted & held) / len(wanted)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _names(ids: Iterable, labels: Mapping) -> str:
    names = sorted(str(labels.get(i, i)) for i in ids)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def experience_points(c: Candidate, n: Needs) -> float:
    """Half for the service (or its directorate), half for wanted conditions; all of it for
    whichever one the opportunity names when it names only one."""
    if n.service is not None and n.service in c.services:
        place = 1.0
    elif n.directorate is not None and n.directorate in c.directorates:
        place = 0.5
    else:
        place = 0.0
    names_place = n.service is not None or n.directorate is not None
    if names_place and n.conditions:
        return EXPERIENCE_POINTS * (place + _share(n.conditions, c.conditions)) / 2
    if names_place:
        return EXPERIENCE_POINTS * place
    return EXPERIENCE_POINTS * _share(n.conditions, c.conditions)


def topic_points(c: Candidate, n: Needs) -> float:
    if not n.topics:
        return 0.0
    return TOPIC_POINTS * _share(n.topics, c.topics)


def suits_role(c: Candidate, n: Needs) -> bool:
    """They have done the opportunity's role before, or said they would like to do it."""
    return n.role in c.past_roles or n.role in c.wants_roles


def skill_points(c: Candidate, n: Needs) -> float:
    suits = suits_role(c, n)
    if not n.skills:
        return SKILL_POINTS if suits else 0.0
    return 10 * _share(n.skills, c.skills) + (5 if suits else 0)


def place_and_time_points(c: Candidate, n: Needs) -> float:
    points = 0.0
    if n.mode == EITHER:
        points += 6 if (c.in_person or c.remote) else 0
    elif n.mode == REMOTE:
        points += 6 if c.remote else 0
    else:
        points += 3 if c.in_person else 0
        if n.area is not None and n.area in c.areas:
            points += 3
    points += 5 * _share(n.days, c.days) if n.days else 5
    points += 4 * _share(n.times, c.times) if n.times else 4
    return min(points, PLACE_AND_TIME_POINTS)


def fairness_points(c: Candidate, today: datetime.date) -> float:
    if c.last_involved_on is None:
        return FAIRNESS_POINTS
    days = max((today - c.last_involved_on).days, 0)
    return FAIRNESS_POINTS * min(days, FAIRNESS_FULL_AFTER_DAYS) / FAIRNESS_FULL_AFTER_DAYS


def total(c: Candidate, n: Needs, today: datetime.date) -> int:
    """The score alone, without reasons: the fast path used to rank thousands of people.

    Each part is rounded before adding, so the breakdown a coordinator sees always adds up.
    """
    return (
        round(experience_points(c, n))
        + round(topic_points(c, n))
        + round(skill_points(c, n))
        + round(place_and_time_points(c, n))
        + round(fairness_points(c, today))
    )


def explain(
    c: Candidate,
    n: Needs,
    today: datetime.date,
    labels: Mapping[str, Mapping] | None = None,
) -> Suggestion:
    """The score broken into its parts, each with a reason a coordinator can read aloud.

    `labels` maps a kind ("services", "conditions", "topics", "skills", "areas", "roles") to
    {id: name}, so reasons name things rather than numbers.
    """
    labels = labels or {}
    parts = []

    points = experience_points(c, n)
    found = []
    if n.service is not None and n.service in c.services:
        found.append(f"has used {_names([n.service], labels.get('services', {}))}")
    elif n.directorate is not None and n.directorate in c.directorates:
        found.append("has used services in the same directorate")
    shared = n.conditions & c.conditions
    if shared:
        found.append(f"lived experience of {_names(shared, labels.get('conditions', {}))}")
    reason = ("Experience: " + "; ".join(found)) if found else "No matching lived experience"
    parts.append(Part("Lived experience", round(points), EXPERIENCE_POINTS, reason))

    points = topic_points(c, n)
    shared = n.topics & c.topics
    if shared:
        reason = f"Interested in {_names(shared, labels.get('topics', {}))}"
    elif n.topics:
        reason = "None of the topics are among their interests"
    else:
        reason = "The opportunity names no topics"
    parts.append(Part("Topics", round(points), TOPIC_POINTS, reason))

    points = skill_points(c, n)
    found = []
    shared = n.skills & c.skills
    if shared:
        found.append(f"has skills in {_names(shared, labels.get('skills', {}))}")
    role_labels = labels.get("roles", {})
    role_name = str(role_labels.get(n.role, n.role)).lower()
    if n.role in c.past_roles:
        again = " and would like to be again" if n.role in c.wants_roles else ""
        found.append(f"has been a {role_name} before{again}")
    elif n.role in c.wants_roles:
        found.append(f"said they would like to be a {role_name}")
    reason = _sentence(" and ".join(found)) if found else "No matching skills recorded yet"
    if c.wants_roles and not suits_role(c, n):
        rather = " or ".join(sorted(str(role_labels.get(r, r)).lower() for r in c.wants_roles))
        reason += f". Said they would like to be a {rather}, not a {role_name}"
    parts.append(Part("Skills", round(points), SKILL_POINTS, reason))

    points = place_and_time_points(c, n)
    found = []
    if n.mode == REMOTE:
        found.append("can take part remotely" if c.remote else "prefers to meet in person")
    elif n.mode == IN_PERSON:
        found.append("can meet in person" if c.in_person else "prefers to take part remotely")
        if n.area is not None and n.area in c.areas:
            found.append(f"can travel to {_names([n.area], labels.get('areas', {}))}")
    else:
        found.append("in person or remote both suit")
    if n.days:
        matched = len(n.days & c.days)
        found.append(f"free on {matched} of the {len(n.days)} days it runs")
    if n.times:
        found.append(
            "free at the times it runs" if n.times <= c.times else "free at some of the times"
        )
    parts.append(
        Part("Place and time", round(points), PLACE_AND_TIME_POINTS, _sentence("; ".join(found)))
    )

    points = fairness_points(c, today)
    if c.last_involved_on is None:
        reason = "Has not been involved in a project yet"
    else:
        months = max((today - c.last_involved_on).days, 0) // 30
        if c.last_involved_on >= today:
            reason = "Is involved in a project now"
        elif months < 1:
            reason = "Was involved less than a month ago"
        elif months == 1:
            reason = "Last involved 1 month ago"
        else:
            reason = f"Last involved {months} months ago"
    parts.append(Part("Fairness", round(points), FAIRNESS_POINTS, reason))

    return Suggestion(member_id=c.member_id, total=total(c, n, today), parts=tuple(parts))


def rank(
    candidates: Iterable[Candidate],
    needs: Needs,
    today: datetime.date,
    *,
    limit: int = 20,
    labels: Mapping[str, Mapping] | None = None,
) -> list[Suggestion]:
    """The best `limit` candidates, highest score first, each explained.

    Ties go to whoever was involved least recently, then to the lower member id, so the order is
    stable between page loads.
    """
    never = datetime.date.min
    best = heapq.nlargest(
        limit,
        candidates,
        key=lambda c: (
            total(c, needs, today),
            -(c.last_involved_on or never).toordinal(),
            -c.member_id,
        ),
    )
    return [explain(c, needs, today, labels) for c in best]


# Profiles are stored for matching as one line of short terms, e.g.
#   "s12 d3 c5 t7 k9 a2 day:mon time:morning in_person remote r:reviewer w:trainer"
# (r: roles done before, w: roles they would like to do)
# so that ranking thousands of people reads one text column per person and splits it.
_PREFIXES = {
    "s": "services",
    "d": "directorates",
    "c": "conditions",
    "t": "topics",
    "k": "skills",
    "a": "areas",
}


def terms_for(
    *,
    services: Iterable[int] = (),
    directorates: Iterable[int] = (),
    conditions: Iterable[int] = (),
    topics: Iterable[int] = (),
    skills: Iterable[int] = (),
    areas: Iterable[int] = (),
    days: Iterable[str] = (),
    times: Iterable[str] = (),
    in_person: bool = True,
    remote: bool = True,
    past_roles: Iterable[str] = (),
    wants_roles: Iterable[str] = (),
) -> str:
    terms: list[str] = []
    for prefix, ids in (
        ("s", services),
        ("d", directorates),
        ("c", conditions),
        ("t", topics),
        ("k", skills),
        ("a", areas),
    ):
        terms.extend(f"{prefix}{int(i)}" for i in sorted(set(ids)))
    terms.extend(f"day:{d}" for d in sorted(set(days)))
    terms.extend(f"time:{t}" for t in sorted(set(times)))
    if in_person:
        terms.append(IN_PERSON)
    if remote:
        terms.append(REMOTE)
    terms.extend(f"r:{r}" for r in sorted(set(past_roles)))
    terms.extend(f"w:{r}" for r in sorted(set(wants_roles)))
    return " ".join(terms)


def candidate_from_terms(
    member_id: int, terms: str, last_involved_on: datetime.date | None = None
) -> Candidate:
    found: dict[str, set] = {name: set() for name in _PREFIXES.values()}
    days: set[str] = set()
    times: set[str] = set()
    roles: set[str] = set()
    wants: set[str] = set()
    in_person = remote = False
    for term in terms.split():
        if term == IN_PERSON:
            in_person = True
        elif term == REMOTE:
            remote = True
        elif term.startswith("day:"):
            days.add(term[4:])
        elif term.startswith("time:"):
            times.add(term[5:])
        elif term.startswith("r:"):
            roles.add(term[2:])
        elif term.startswith("w:"):
            wants.add(term[2:])
        elif term[:1] in _PREFIXES and term[1:].isdigit():
            found[_PREFIXES[term[:1]]].add(int(term[1:]))
    return Candidate(
        member_id=member_id,
        services=frozenset(found["services"]),
        directorates=frozenset(found["directorates"]),
        conditions=frozenset(found["conditions"]),
        topics=frozenset(found["topics"]),
        skills=frozenset(found["skills"]),
        areas=frozenset(found["areas"]),
        days=frozenset(days),
        times=frozenset(times),
        in_person=in_person,
        remote=remote,
        past_roles=frozenset(roles),
        wants_roles=frozenset(wants),
        last_involved_on=last_involved_on,
    )


class CompiledNeeds:
    """An opportunity's needs as sets of profile terms, for scoring straight from stored terms.

    `score_terms(terms, ...)` gives exactly `total(candidate_from_terms(terms, ...))`, several
    times faster, because it never builds a Candidate: ranking a large pool scores everyone this
    way and explains only the few it shows.
    """

    def __init__(self, needs: Needs) -> None:
        self.needs = needs
        self.service = f"s{needs.service}" if needs.service is not None else None
        self.directorate = f"d{needs.directorate}" if needs.directorate is not None else None
        self.conditions = frozenset(f"c{i}" for i in needs.conditions)
        self.topics = frozenset(f"t{i}" for i in needs.topics)
        self.skills = frozenset(f"k{i}" for i in needs.skills)
        self.area = f"a{needs.area}" if needs.area is not None else None
        self.days = frozenset(f"day:{d}" for d in needs.days)
        self.times = frozenset(f"time:{t}" for t in needs.times)
        self.role = f"r:{needs.role}"
        self.wants_role = f"w:{needs.role}"
        self.wanted = frozenset(
            {
                self.service,
                self.directorate,
                self.area,
                self.role,
                self.wants_role,
                IN_PERSON,
                REMOTE,
            }
            - {None}
        ) | (self.conditions | self.topics | self.skills | self.days | self.times)

    def score_terms(
        self, terms: str, last_involved_on: datetime.date | None, today: datetime.date
    ) -> int:
        return self.score_relevant(self.relevant(terms)) + self.fairness(last_involved_on, today)

    def relevant(self, terms: str) -> frozenset[str]:
        """The person's terms that this opportunity cares about (usually a handful)."""
        return self.wanted.intersection(terms.split())

    def fairness(self, last_involved_on: datetime.date | None, today: datetime.date) -> int:
        if last_involved_on is None:
            return FAIRNESS_POINTS
        days = max((today - last_involved_on).days, 0)
        return round(
            FAIRNESS_POINTS * min(days, FAIRNESS_FULL_AFTER_DAYS) / FAIRNESS_FULL_AFTER_DAYS
        )

    def score_relevant(self, held: frozenset[str]) -> int:
        """Every part but fairness, from the relevant terms alone."""
        n = self.needs
        # Lived experience
        if self.service is not None and self.service in held:
            place = 1.0
        elif self.directorate is not None and self.directorate in held:
            place = 0.5
        else:
            place = 0.0
        names_place = self.service is not None or self.directorate is not None
        conditions = len(self.conditions & held) / len(self.conditions) if self.conditions else 0.0
        if names_place and self.conditions:
            experience = EXPERIENCE_POINTS * (place + conditions) / 2
        elif names_place:
            experience = EXPERIENCE_POINTS * place
        else:
            experience = EXPERIENCE_POINTS * conditions
        # Topics
        topics = TOPIC_POINTS * len(self.topics & held) / len(self.topics) if self.topics else 0.0
        # Skills
        suits = self.role in held or self.wants_role in held
        if self.skills:
            skills = 10 * len(self.skills & held) / len(self.skills) + (5 if suits else 0)
        else:
            skills = SKILL_POINTS if suits else 0.0
        # Place and time
        in_person = IN_PERSON in held
        remote = REMOTE in held
        if n.mode == EITHER:
            place_time = 6.0 if (in_person or remote) else 0.0
        elif n.mode == REMOTE:
            place_time = 6.0 if remote else 0.0
        else:
            place_time = (3.0 if in_person else 0.0) + (
                3.0 if self.area is not None and self.area in held else 0.0
            )
        place_time += 5 * len(self.days & held) / len(self.days) if self.days else 5
        place_time += 4 * len(self.times & held) / len(self.times) if self.times else 4
        place_time = min(place_time, PLACE_AND_TIME_POINTS)
        return round(experience) + round(topics) + round(skills) + round(place_time)


def _as_date(value: datetime.date | str | None) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def rank_terms(
    rows: Iterable[tuple[int, str]],
    needs: Needs,
    today: datetime.date,
    *,
    last_involved: Mapping[int, datetime.date | str] | None = None,
    limit: int | None = 20,
    labels: Mapping[str, Mapping] | None = None,
) -> list[Suggestion]:
    """Rank (member id, stored terms) rows; explain the best `limit` (everyone if None).

    `last_involved` maps member ids to when they were last involved (a date, or its ISO text as
    some databases return it). The order is the same as `rank`: score, then least recently
    involved, then member id. People with the same relevant terms score the same, so each
    distinct set is scored once, and only people who could still make the best `limit` are kept:
    with a large pool that is most of the saving.
    """
    compiled = CompiledNeeds(needs)
    never = -datetime.date.min.toordinal()
    get_last = (last_involved or {}).get
    by_terms: dict[frozenset[str], int] = {}
    by_date: dict[object, tuple[int, int]] = {None: (FAIRNESS_POINTS, never)}
    relevant = compiled.wanted.intersection
    kept: list[tuple[int, int, int, str]] = []
    bound = limit if limit is not None else 0
    push, pushpop = heapq.heappush, heapq.heappushpop
    for member_id, terms in rows:
        held = relevant(terms.split())
        score = by_terms.get(held)
        if score is None:
            score = by_terms[held] = compiled.score_relevant(held)
        last = get_last(member_id)
        found = by_date.get(last)
        if found is None:
            when = _as_date(last)
            found = by_date[last] = (compiled.fairness(when, today), -when.toordinal())
        score += found[0]
        if limit is None or len(kept) < bound:
            push(kept, (score, found[1], -member_id, terms))
        elif score >= kept[0][0]:
            pushpop(kept, (score, found[1], -member_id, terms))
    kept.sort(reverse=True)
    return [
        explain(
            candidate_from_terms(-neg_id, terms, _as_date(get_last(-neg_id))),
            needs,
            today,
            labels,
        )
        for _, _, neg_id, terms in kept
    ]
