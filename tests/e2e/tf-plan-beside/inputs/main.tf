# The plan (terraform show -json) sits beside the configuration it came
# from: a finding both report is reported once, at the .tf place, with the
# plan's place in its trace; where the configuration cannot tell (var.days
# has no value here), the plan's planned value decides: 1 fails the 7-day
# minimum (reported here) and passes the 37-day maximum (no note left).
variable "days" {}

resource "aws_db_instance" "main" {
  backup_retention_period = var.days
  storage_encrypted       = false
  multi_az                = true
  db_subnet_group_name    = "private"
  tags = { Owner = "ops", DataClassification = "internal" }
}
