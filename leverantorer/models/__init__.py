from .suppliers import Supplier

__all__ = ["Supplier"]
