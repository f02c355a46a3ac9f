resource "aws_kms_key" "data" {
  description         = "customer data"
  enable_key_rotation = true
}

resource "aws_kms_key" "signing" {
  description              = "asymmetric keys cannot rotate automatically"
  customer_master_key_spec = "RSA_2048"
  key_usage                = "SIGN_VERIFY"
}
