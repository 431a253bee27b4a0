"""Buttons that many answers and questions offer, in one place: the same words and payload wherever they appear."""

# To the loket: the rule for contact_person gives the gemeente's contact details (data/rules).
PERSON = {"title": "Iemand spreken", "payload": "/contact_person"}
# Leaves the form that is being filled in (the melding, the plan, a date question).
STOP = {"title": "Stoppen", "payload": "/stop"}
