import 'reflect-metadata';
import { runService } from '@lcm/neuro-core/hosting';
import { workerManagerService } from './service';

void runService(workerManagerService);
