from jsnlearn.certificates.models import Certificate
from lessons.admin import protects_deletion

# A course with certificates is not deleted (the admin says so in words): unpublish it instead.
protects_deletion(Certificate, did="earned a certificate in", content="course")
