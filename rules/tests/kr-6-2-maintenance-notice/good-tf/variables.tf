variable "maintenance_notice_days" {
  type    = number
  default = 14
}

variable "env" {
  default = "prod"
}
