resource "aws_s3_bucket" "b" {
  bucket = "${var.prefix}-logs"
  acl    = "pri${"vate"}"
  escaped = "$${not} %%{not}"
  nested = "${join(",", [for s in var.l : "${s}x"])}"
}
