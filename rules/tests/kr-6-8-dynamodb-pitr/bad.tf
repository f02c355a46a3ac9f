# krewlint-expect: KR-6-8-DYNAMODB-PITR
resource "aws_dynamodb_table" "settings" {
  name     = "settings"
  hash_key = "id"
}

resource "aws_dynamodb_table" "short" {
  name     = "jobs"
  hash_key = "id"
  point_in_time_recovery {
    enabled                 = true
    recovery_period_in_days = 3 # krewlint-expect: KR-6-8-DYNAMODB-PITR
  }
}
