# krewlint-expect: KR-6-12-VPC-FLOW-LOGS
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "other" {
  vpc_id          = aws_vpc.other.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
}
