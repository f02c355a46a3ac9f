variable "customer_backup_purge_days" {
  type    = number
  default = 3 # krewlint-expect: KR-6-30-BACKUP-PURGE-DELAY
}
