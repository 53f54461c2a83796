"""A suggested IHI progress score (0.5 to 5.0) from the evidence a project has recorded.

Teams find the IHI scale hard to apply by hand. We suggest the highest score the evidence on
record supports, say why, and say what would move it up. Scores above 3.5 need a judgement on
sustained results that records cannot make, so they are only ever set by the lead.
"""

from dataclasses import dataclass
from decimal import Decimal

SCALE: dict[Decimal, str] = {
    Decimal("0.5"): "Intent to participate",
    Decimal("1.0"): "Forming team",
    Decimal("1.5"): "Planning for the project has begun",
    Decimal("2.0"): "Activity, but no changes",
    Decimal("2.5"): "Changes tested, but no improvement",
    Decimal("3.0"): "Modest improvement",
    Decimal("3.5"): "Improvement",
    Decimal("4.0"): "Significant improvement",
    Decimal("4.5"): "Sustainable improvement",
    Decimal("5.0"): "Outstanding sustainable results",
}


@dataclass(frozen=True)
class Evidence:
    aim_set: bool = False
    team_size: int = 0
    change_ideas: int = 0
    measures_with_data: int = 0
    pdsa_cycles: int = 0
    pdsa_cycles_studied: int = 0
    changes_adopted: int = 0
    measure_improved: bool = False


@dataclass(frozen=True)
class Suggestion:
    score: Decimal
    reason: str
    next_step: str | None

    @property
    def label(self) -> str:
        return SCALE[self.score]


def suggest(evidence: Evidence) -> Suggestion:
    """The highest score that the evidence supports, with the reason and the next step."""
    e = evidence
    if e.changes_adopted and e.measure_improved:
        return Suggestion(
            Decimal("3.5"),
            "A tested change was adopted and a project measure shows a signal of improvement.",
            "Scores of 4.0 and above need a judgement on sustained results: set them yourself.",
        )
    if e.changes_adopted:
        return Suggestion(
            Decimal("3.0"),
            f"{_count(e.changes_adopted, 'change')} adopted after testing.",
            "Show improvement on a project measure to reach 3.5.",
        )
    if e.pdsa_cycles_studied:
        return Suggestion(
            Decimal("2.5"),
            f"{_count(e.pdsa_cycles_studied, 'PDSA cycle')} tested and studied.",
            "Adopt a change that worked to reach 3.0.",
        )
    if e.pdsa_cycles or e.measures_with_data:
        return Suggestion(
            Decimal("2.0"),
            "Activity has started: "
            + ", ".join(
                part
                for part in (
                    _count(e.pdsa_cycles, "PDSA cycle") + " planned" if e.pdsa_cycles else "",
                    _count(e.measures_with_data, "measure") + " with data"
                    if e.measures_with_data
                    else "",
                )
                if part
            )
            + ".",
            "Study the results of a PDSA cycle to reach 2.5.",
        )
    if e.aim_set and e.team_size >= 2 and e.change_ideas:
        return Suggestion(
            Decimal("1.5"),
            "The aim is set, the team is formed and change ideas are on the driver diagram.",
            "Plan a PDSA cycle or collect data on a measure to reach 2.0.",
        )
    if e.team_size >= 2:
        return Suggestion(
            Decimal("1.0"),
            f"The team has {e.team_size} members.",
            "Set the aim and add change ideas to the driver diagram to reach 1.5.",
        )
    return Suggestion(
        Decimal("0.5"),
        "The project is registered.",
        "Add at least two people to the team to reach 1.0.",
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
