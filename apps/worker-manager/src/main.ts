import 'reflect-metadata';
import { runService } from '@lcm/neuro-core';
import { workerManagerService } from './service';

void runService(workerManagerService);
