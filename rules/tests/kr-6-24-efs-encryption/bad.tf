# krewlint-expect: KR-6-24-EFS-ENCRYPTION
resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
}

resource "aws_efs_file_system" "explicit" {
  encrypted = false # krewlint-expect: KR-6-24-EFS-ENCRYPTION
}
