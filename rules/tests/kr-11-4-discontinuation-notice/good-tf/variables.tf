variable "discontinuation_notice_days" {
  type    = number
  default = 180
}

variable "env" {
  default = "prod"
}
