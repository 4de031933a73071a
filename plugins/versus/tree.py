"""A decision tree as a flat outline, walked with an explicit stack (no recursion), so a tree of
any depth renders. Each question is expanded once; later mentions point back to it.

`outline(decision)` returns events for the template (`tree.html.j2`) to print in order:
    ("question", Question, again)   a question; `again`: already expanded above
    ("outcome", Outcome)            an outcome
    ("open",) / ("close",)          the list of a question's answers begins / ends
    ("answer", Answer) / ("end",)   one answer's item begins (its target follows) / ends
"""

from __future__ import annotations

from .model import Decision


def outline(decision: Decision) -> list[tuple]:
    questions = {q.id: q for q in decision.questions}
    outcomes = {o.id: o for o in decision.outcomes}
    events: list[tuple] = []
    expanded: set[str] = set()
    stack: list[tuple] = [("node", decision.start)]
    while stack:
        item = stack.pop()
        if item[0] != "node":
            events.append(item)
            continue
        node_id = item[1]
        if node_id in outcomes:
            events.append(("outcome", outcomes[node_id]))
            continue
        question = questions[node_id]
        events.append(("question", question, node_id in expanded))
        if node_id in expanded:
            continue
        expanded.add(node_id)
        steps: list[tuple] = [("open",)]
        for answer in question.answers:
            steps += [("answer", answer), ("node", answer.goto), ("end",)]
        steps.append(("close",))
        stack.extend(reversed(steps))
    return events
