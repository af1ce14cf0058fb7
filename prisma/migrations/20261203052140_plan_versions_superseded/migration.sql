-- A plan that ended because a later version of it was put into effect is SUPERSEDED (its own
-- migration: the enum's new value can be used only once the one that added it is committed).
-- Before this value existed, putting a revision into effect ended the plan in effect, and
-- closing a case ended its plans (drafts too). So a plan is marked superseded only where a
-- later plan of its case is known to have been in effect: it is in effect now, or it had a
-- review held (only a plan in effect is reviewed). The date it was replaced is not known for
-- these (supersededOn stays empty; nothing is made up).
UPDATE "SupportPlan" AS p SET "status" = 'SUPERSEDED'
 WHERE p."status" = 'ENDED'
   AND EXISTS (
     SELECT 1 FROM "SupportPlan" AS later
      WHERE later."centerId" = p."centerId" AND later."caseId" = p."caseId"
        AND (later."createdAt", later.id) > (p."createdAt", p.id)
        AND (later."status" = 'ACTIVE'
             OR (later."status" = 'ENDED' AND EXISTS (
                   SELECT 1 FROM "PlanReview" AS r
                    WHERE r."centerId" = later."centerId" AND r."planId" = later.id AND r."heldOn" IS NOT NULL))));
