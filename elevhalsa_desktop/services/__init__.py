"""Use cases: combine the store and the domain rules, and write the audit entries. No Qt."""
