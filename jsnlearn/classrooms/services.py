"""Actions on classes, one function each, keyword-only, in a transaction.

Learners' actions come first (joining, leaving), then instructors' (inviting, removing members).
"""

# Learners' actions


# Instructors' actions
