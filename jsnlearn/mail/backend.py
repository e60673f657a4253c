"""The site's EMAIL_BACKEND: a message sent anywhere (allauth's included) joins the outbox."""

from django.core.mail.backends.base import BaseEmailBackend

from jsnlearn.mail import services


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            services.queue_message(message, user=services.account_of(message))
        return len(email_messages)
