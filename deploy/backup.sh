#!/bin/sh
# Nightly backup (cron: 30 3 * * * /usr/local/bin/sales-bot-backup): an online copy while the bot
# runs, kept for 14 days. The copy is a database on its own: restore by stopping the bot and
# putting the copy in place of the database file.
set -eu
dir=/var/backups/sales-bot
mkdir -p "$dir"
sales-bot backup "$dir/sales-bot-$(date +%Y%m%d-%H%M).sqlite"
find "$dir" -name 'sales-bot-*.sqlite' -mtime +14 -delete
