import 'reflect-metadata';
import { runService } from '@lcm/neuro-core/hosting';
import { sessionManagerService } from './service';

void runService(sessionManagerService);
