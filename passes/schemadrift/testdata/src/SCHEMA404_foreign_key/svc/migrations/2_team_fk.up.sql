-- this history never adds a foreign key NOT VALID: the practice is reported once, at the newest
ALTER TABLE players ADD CONSTRAINT players_team_fk FOREIGN KEY (team_id) REFERENCES teams (id);
