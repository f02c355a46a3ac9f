variable "maintenance_notice_days" {
  type    = number
  default = 2 # krewlint-expect: KR-6-2-MAINTENANCE-NOTICE
}
