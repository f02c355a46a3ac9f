variable "days" { default = 400 }
resource "aws_cloudwatch_log_group" "this" {
  retention_in_days = var.days
}
