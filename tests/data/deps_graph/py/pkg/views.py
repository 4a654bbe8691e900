import json
from . import models


def render(m):
    return json.dumps(m)
