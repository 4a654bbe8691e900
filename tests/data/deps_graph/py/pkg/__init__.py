"""The package."""
from .models import Model
