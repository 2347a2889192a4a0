# Your own settings go here (read after /etc/profile). Try: cat /root/demos/README
