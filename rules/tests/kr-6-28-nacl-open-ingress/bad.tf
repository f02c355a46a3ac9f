resource "aws_network_acl_rule" "ssh" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 100
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0" # krewlint-expect: KR-6-28-NACL-OPEN-INGRESS
  from_port      = 22
  to_port        = 22
}

resource "aws_network_acl_rule" "all" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 110
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0" # krewlint-expect: KR-6-28-NACL-OPEN-INGRESS
}

resource "aws_network_acl" "public" {
  vpc_id = aws_vpc.main.id
  ingress {
    protocol   = "tcp"
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0" # krewlint-expect: KR-6-28-NACL-OPEN-INGRESS
    from_port  = 3000
    to_port    = 3500
  }
  ingress {
    protocol        = "tcp"
    rule_no         = 110
    action          = "allow"
    ipv6_cidr_block = "::/0" # krewlint-expect: KR-6-28-NACL-OPEN-INGRESS
    from_port       = 0
    to_port         = 65535
  }
}
