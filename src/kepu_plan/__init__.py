"""kepu-plan: the annual science-popularisation work plan (科普工作计划) as one checked source of truth."""

__version__ = "0.2.0"
