variable "customer_data_purge_days" {
  type    = number
  default = 30
}

variable "env" {
  default = "prod"
}
