from xml.etree import ElementTree

from coproduce.lib.driver_diagram import Node, driver_diagram_svg


def test_the_diagram_is_well_formed_svg_with_every_element_and_the_patient_marker():
    aim = Node(
        "Halve missed appointments by March",
        children=[
            Node(
                "Reminders",
                children=[
                    Node(
                        "Text messages",
                        children=[
                            Node("Text two days before", "Pat Morgan", by_patient_or_carer=True),
                            Node("Say who to call", "Sam Patel"),
                        ],
                    )
                ],
            ),
            Node("Welcoming first contact & <clear> letters"),
        ],
    )
    svg = driver_diagram_svg(aim, title="Driver diagram: missed appointments")
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Text two days before" in texts
    assert "\u2605 Proposed by Pat Morgan" in texts
    assert "&lt;clear&gt;" in svg
    assert root.find("{http://www.w3.org/2000/svg}title").text.startswith("Driver diagram")
    assert len(list(root.iter("{http://www.w3.org/2000/svg}rect"))) == 7
