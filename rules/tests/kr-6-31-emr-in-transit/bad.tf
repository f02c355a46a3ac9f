# krewlint-expect: KR-6-31-EMR-IN-TRANSIT
resource "aws_emr_cluster" "spark" {
  name          = "spark"
  release_label = "emr-7.0.0"
  service_role  = aws_iam_role.emr.arn
}
