resource "aws_emr_cluster" "spark" {
  name                   = "spark"
  release_label          = "emr-7.0.0"
  service_role           = aws_iam_role.emr.arn
  security_configuration = aws_emr_security_configuration.tls.name
}
