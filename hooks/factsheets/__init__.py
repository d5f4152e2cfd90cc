"""Fact sheets on crime and violence prevention, generated from YAML and CSV data."""

from .problems import DataError, Problem
from .site import Site, build_site
from .validate import Dataset, load_dataset

__all__ = ["DataError", "Dataset", "Problem", "Site", "build_site", "load_dataset"]
