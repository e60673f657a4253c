"""`make audit`: Lighthouse and the Nu HTML checker over the site served as in production."""
