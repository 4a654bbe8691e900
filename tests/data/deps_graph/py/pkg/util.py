"""Bottom layer; the import below is the violation."""
import pkg.views
