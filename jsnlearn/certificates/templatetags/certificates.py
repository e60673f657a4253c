from django import template

from jsnlearn.certificates.report import issued_in

register = template.Library()


@register.inclusion_tag("admin/certificates/_issued.html")
def certificates_issued(course):
    """The course report's section: the certificates issued, with a revoke action."""
    return {"course": course, **issued_in(course)}


@register.inclusion_tag("certificates/_account_list.html")
def my_certificates(user):
    """The account page's list of the learner's certificates (one query)."""
    return {"certificates": list(user.certificates.order_by("-issued_at"))}
