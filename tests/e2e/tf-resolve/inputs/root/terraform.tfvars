backup_days = 5
log_days    = "30"
