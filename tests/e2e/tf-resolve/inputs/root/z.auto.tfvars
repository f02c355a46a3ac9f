# krewlint:ignore KR-6-8-RDS-BACKUP-RETENTION reason="names another rule: the 6-13 finding moved here stays"
log_days = 90
