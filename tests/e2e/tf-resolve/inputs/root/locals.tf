locals {
  name   = "${var.env}-payments"
  region = "ap-northeast-1"
  loop_a = local.loop_b
  loop_b = local.loop_a
}

variable "env" {
  default = "prod"
}
