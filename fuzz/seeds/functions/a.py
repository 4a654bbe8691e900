import os

@decorator(x=1)
def outer(a, b=2, *args, **kw):
    """Docstring with { and '''.

    More.
    """
    def inner(x):
        return [y for y in x if y and not y]
    s = '''
    not a def f():
    '''
    if a or b:
        pass
    elif a:
        pass
    return lambda q: q if q else 0

class K:
    def method(self):
        try:
            pass
        except ValueError:
            pass
        finally:
            pass

    async def am(self, x): return x
def tail(): match x:
    case 1:
        pass
