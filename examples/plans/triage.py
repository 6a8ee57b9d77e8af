emails = get_received_emails(folder="inbox", limit=20)
urgent = [email for email in emails if email["priority"] == "high"]
for email in urgent:
    summary = parse_with_ai(query="One line", data=email, output_schema={"line": "str"})
    notify_channel(channel="#on-call", text=f"Urgent: {summary['line']}")
reply_to = emails[0]["sender"]
send_email(to=reply_to, subject="Received", body="We are on it.")
final_return_value = len(urgent)
