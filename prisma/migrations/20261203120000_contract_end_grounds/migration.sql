-- A ground the regulation (ППЗСУ) names for ending the contract for using a social service: the
-- person's needs changed and call for another service (a referral elsewhere). Existing contracts
-- keep their grounds; nothing is rewritten.
ALTER TYPE "ContractEndGround" ADD VALUE 'NEEDS_CHANGED' BEFORE 'GOALS_ACHIEVED';
