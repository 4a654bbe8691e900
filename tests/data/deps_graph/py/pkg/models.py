from .views import render  # models and views import each other


class Model:
    pass
