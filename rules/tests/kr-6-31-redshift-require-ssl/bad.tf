resource "aws_redshift_parameter_group" "missing" {
  name   = "missing"
  family = "redshift-1.0"
  parameter {
    name  = "enable_user_activity_logging" # krewlint-expect: KR-6-31-REDSHIFT-REQUIRE-SSL
    value = "true"
  }
}

resource "aws_redshift_parameter_group" "off" {
  name   = "off"
  family = "redshift-1.0"
  parameter {
    name  = "require_ssl"
    value = "false" # krewlint-expect: KR-6-31-REDSHIFT-REQUIRE-SSL
  }
}
