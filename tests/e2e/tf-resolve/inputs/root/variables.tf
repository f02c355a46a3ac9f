variable "log_days" {
  type    = number
  default = 400
}

variable "backup_days" {
  type    = number
  default = 14
}

variable "manage_default_vpc" {
  type    = bool
  default = false
}

variable "kms_key" {
  type = string
}
