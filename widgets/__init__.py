"""Cramp Lab: models (`widgets.physiology`) and interactive views (`widgets.ui`) for the course.

Importing this package is cheap: subpackages are imported only when used.
"""

__version__ = "0.1.0"
