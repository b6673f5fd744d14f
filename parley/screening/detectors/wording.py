"""Wording cues shared by the detectors that turn label scores into policy categories."""

import re

# The training data labels threats and incitement together; the wording tells them apart
# for the statement of reasons ("they should all be shot" calls on others).
INCITEMENT_CUES = re.compile(
    r"\b(should|must|need to|needs to|ought to|let's|lets|deserve to|deserves to|death to|"
    r"someone|somebody|everyone|il faut|faut|faudrait|devrait|devraient|doit|doivent|"
    r"meritent|merite|allons|mort aux?|qu'on)\b"
)
# Abuse only counts as harassment when it is aimed at someone.
SECOND_PERSON = re.compile(
    r"\b(you|your|youre|ur|u|yourself|tu|toi|te|ton|ta|tes|vous|votre|vos|t'|mentionplaceholder)\b"
)
