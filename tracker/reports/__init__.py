"""The draft report (dự thảo báo cáo) of a task or of a forwarding body's roll-up, as a
.docx laid out as the Party's documents are, and its figures as an .xlsx annex."""
