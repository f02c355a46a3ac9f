# krewlint-expect: KR-6-6-ECR-SCAN-ON-PUSH
resource "aws_ecr_repository" "api" {
  name = "api"
}
