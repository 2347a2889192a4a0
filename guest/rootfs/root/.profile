# Your own settings go here (read after /etc/profile).
echo "Welcome to $(hostname). The lab programs: server, client, client.py (sources: ~/demos, cat ~/demos/README)"
