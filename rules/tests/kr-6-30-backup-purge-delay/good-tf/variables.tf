variable "customer_backup_purge_days" {
  type    = number
  default = 7
}

variable "env" {
  default = "prod"
}
