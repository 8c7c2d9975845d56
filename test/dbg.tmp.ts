import * as path from 'path';
import { fixtureWorkspace } from './helpers/fixtures';
const dir = '/work/corpus29/rate/bjzgcai+calendar';
const ws = fixtureWorkspace(dir) as any;
const m = ws.model(path.join(dir, 'src/app/api/dingtalk/sync/route.ts'));
for (const e of m.handlerEffects('POST')) console.log(e.op?.operation, e.cached, e.via.map((v: any) => v.name), e.guards?.length);
