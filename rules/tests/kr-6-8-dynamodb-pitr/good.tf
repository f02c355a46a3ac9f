resource "aws_dynamodb_table" "settings" {
  name     = "settings"
  hash_key = "id"
  point_in_time_recovery {
    enabled = true
  }
}
